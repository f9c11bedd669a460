"""E-mail addresses, including addresses glued to Japanese text.

Format (RFC 5321 mailbox, ASCII only): a local part of letters, digits and
``._%+-``, an ``@`` and dot-separated domain labels ending in an alphabetic
TLD. Japanese writers glue addresses to the sentence
(``連絡先はtaro.yamada@example.jpです``); because kana and kanji are outside
the ASCII classes, the match stops exactly at the address. presidio's
``EmailRecognizer`` is not used: it calls tldextract, which downloads the
public suffix list at run time.

The local part may only start where no local-part character precedes it, so
a long run of letters without ``@`` is scanned once, not once per position.
Fictitious examples: taro.yamada@example.jp, hanako+soudan@city.example.lg.jp.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from gateway.detection.recognizers.pattern_recognizer import CERTAIN, JaPatternRecognizer, Pattern

__all__ = ["EmailAddressRecognizer"]

_LOCAL = r"[A-Za-z0-9._%+\-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"


class EmailAddressRecognizer(JaPatternRecognizer):
    """ASCII e-mail addresses, wherever they are glued."""

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = (
        Pattern(
            "address",
            rf"{_LOCAL}(?<!{_LOCAL}{{2}}){_LOCAL}{{0,63}}@(?:{_LABEL}\.)+[A-Za-z]{{2,24}}(?![A-Za-z0-9\-])",
            CERTAIN,
        ),
    )

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        # Most texts hold no "@"; skip the scan entirely then.
        return super().analyze(text, entities, nlp_artifacts) if "@" in text else []
