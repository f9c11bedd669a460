"""What masking needs to know about one text, worked out once per text and cached.

Masking a text means: sort its findings, check their offsets, and compute the
``value_key`` of each value (NFKC and separator folding), so that two
spellings of one value share a placeholder. On turn 20 of a conversation the
same 39 messages would go through all of it again, three times per request
(the outbound copy, the stored copy, the audit copy). :class:`MaskPlans`
keeps, per text and its findings, the findings in masking order with a
*value id* each:

* a value id is a keyed BLAKE2b digest of the value's ``value_key``, so two
  spellings of one value have one id, and the cache holds no personal value
  (the key is random per process: an id in a memory dump cannot be tested
  against guessed values);
* the plans sit in a :class:`~gateway.content_cache.ContentCache` (keyed by a
  digest of the text, bounded, nothing logged); a plan is used only when the
  findings it was made for equal the findings given, so other findings for the
  same text are planned afresh.

Placeholders stay per request: a plan holds no placeholder, only what is the
same for every request.

Example:
    >>> plans = MaskPlans()
    >>> text = "山田太郎さん（TEL ０９０－１２３４－５６７８）"
    >>> plan = plans.plan(text, [Finding("PERSON", 0, 4, 0.9), Finding("JP_PHONE_NUMBER", 11, 24, 1.0)])
    >>> [step[2] for step in plan], plan[1][3] == ("JP_PHONE_NUMBER", plans.value_id("090-1234-5678"))
    (['PERSON', 'JP_PHONE_NUMBER'], True)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from gateway.content_cache import CacheStats, ContentCache
from gateway.findings import Finding
from gateway.masking.value_key import value_key

__all__ = ["MaskPlans", "Plan", "Step"]

# A plan of a 400-character message with 8 findings takes about 1.7 KB: 5,000
# plans (8 MB) cover the recent messages of some 125 twenty-turn conversations.
DEFAULT_MAX_PLANS = 5_000

# The findings of a text in masking order: (start, end, entity type, (entity type, value id)).
Step = tuple[int, int, str, tuple[str, bytes]]
Plan = tuple[Step, ...]


class MaskPlans:
    """Masking plans of the last ``max_entries`` texts, and the value ids they use (thread-safe)."""

    def __init__(self, max_entries: int = DEFAULT_MAX_PLANS) -> None:
        self._key = os.urandom(32)
        self._cache: ContentCache[tuple[tuple[Finding, ...], Plan]] = ContentCache(max_entries)

    def value_id(self, value: str) -> bytes:
        """The id of ``value``: equal for two spellings with the same ``value_key``, and holding neither."""
        return hashlib.blake2b(value_key(value).encode("utf-8", "surrogatepass"), key=self._key, digest_size=16).digest()

    def plan(self, text: str, findings: Sequence[Finding]) -> Plan:
        """``findings`` by (start, longest first), each with its key; offsets outside ``text`` raise ValueError."""
        given = tuple(findings)
        digest = self._cache.digest(text)
        cached = self._cache.get(digest) if digest is not None else None
        # Tuple equality checks identity first: the detector cache hands out the same findings.
        if cached is not None and cached[0] == given:
            return cached[1]
        plan = self._make(text, given)
        if digest is not None:
            self._cache.put(digest, (given, plan))
        return plan

    def stats(self) -> CacheStats:
        """Hits and misses of the cache by text (short texts aside), and its entries; no content."""
        return self._cache.stats()

    def _make(self, text: str, findings: tuple[Finding, ...]) -> Plan:
        for finding in findings:
            if not 0 <= finding.start < finding.end <= len(text):
                raise ValueError(
                    f"finding {finding.entity_type} at {finding.start}:{finding.end} "
                    f"is outside a text of length {len(text)}"
                )
        ordered = sorted(findings, key=lambda f: (f.start, -f.end))
        return tuple(
            (f.start, f.end, f.entity_type, (f.entity_type, self.value_id(text[f.start : f.end]))) for f in ordered
        )
