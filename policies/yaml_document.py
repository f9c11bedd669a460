"""A YAML file parsed with its node tree, so a validation error can name its line.

Problems are reported as ``PolicyIssue(file, line, field, message)`` with
``field`` a dotted path (``models.azure-gpt4o.api_key``). Messages never
repeat the offending value: a policy file may hold a secret written inline.

Example:
    >>> doc = YamlDocument.parse("a:\\n  b: 1\\n", "p.yaml")
    >>> doc.line_of(("a", "b"))
    2
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from gateway.errors import PolicyError, PolicyIssue
from policies.references import PolicyReferenceError

__all__ = ["YamlDocument", "read_yaml"]

_MESSAGES = {
    "missing": "必須の項目がありません",
    "extra_forbidden": "未定義の項目です（綴りを確認してください）",
    "string_type": "文字列で書いてください（数値や日付に見える値は引用符で囲みます）",
    "bool_type": "true または false で書いてください",
    "bool_parsing": "true または false で書いてください",
    "int_type": "整数で書いてください",
    "int_parsing": "整数で書いてください",
    "int_from_float": "整数で書いてください",
    "float_type": "数値で書いてください",
    "float_parsing": "数値で書いてください",
    "dict_type": "「キー: 値」の形で書いてください",
    "model_type": "「キー: 値」の形で書いてください",
    "model_attributes_type": "「キー: 値」の形で書いてください",
    "list_type": "リスト（- で始まる行）で書いてください",
    "too_short": "空にできません",
    "string_too_short": "空にできません",
}


@dataclass(frozen=True)
class YamlDocument:
    """The data of one YAML file and the node tree it came from."""

    file: str
    data: Any
    root: yaml.Node | None

    @classmethod
    def parse(cls, text: str, file: str) -> YamlDocument:
        """Parse ``text``; a syntax error or a repeated key raises PolicyError."""
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        except yaml.MarkedYAMLError as exc:
            # str(exc) quotes the source line, which may hold a secret: keep the problem and the place only.
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            raise PolicyError(
                [PolicyIssue(file, line, "", f"YAMLの構文エラー: {exc.problem or exc.context}")]
            ) from None
        except yaml.YAMLError:
            raise PolicyError([PolicyIssue(file, None, "", "YAMLとして読めません")]) from None
        finally:
            loader.dispose()
        document = cls(file, data, root)
        if issues := document._repeated_keys():
            raise PolicyError(issues)
        return document

    def _repeated_keys(self) -> list[PolicyIssue]:
        """A key written twice in one mapping (YAML would silently keep the last)."""
        issues: list[PolicyIssue] = []

        def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
            if isinstance(node, yaml.MappingNode):
                seen: set[str] = set()
                for key, value in node.value:
                    name = str(key.value)
                    if name in seen:
                        line = key.start_mark.line + 1
                        issues.append(
                            PolicyIssue(self.file, line, ".".join((*path, name)), "同じ項目が2回書かれています")
                        )
                    seen.add(name)
                    walk(value, (*path, name))
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    walk(item, (*path, str(index)))

        if self.root is not None:
            walk(self.root, ())
        return issues

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The line of the deepest node on ``loc`` that the file holds (1-based)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                entry = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
                if entry is None:
                    break
                line, node = entry[0].start_mark.line + 1, entry[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def issues(self, error: ValidationError) -> list[PolicyIssue]:
        """One issue per validation error, each at its line."""
        issues: list[PolicyIssue] = []
        for item in error.errors(include_input=False, include_url=False):
            cause = item.get("ctx", {}).get("error")
            if isinstance(cause, PolicyReferenceError):
                issues.extend(self.issue(problem.loc, problem.message) for problem in cause.problems)
            else:
                issues.append(self.issue(item["loc"], _message(item)))
        return issues

    def issue(self, loc: tuple[str | int, ...], message: str) -> PolicyIssue:
        # pydantic adds parts such as "[key]" or "function-after[...]" that are not fields.
        fields = tuple(part for part in loc if not (isinstance(part, str) and "[" in part))
        return PolicyIssue(self.file, self.line_of(fields), ".".join(str(part) for part in fields), message)


def read_yaml(path: str | Path) -> tuple[YamlDocument, bytes]:
    """Read and parse the file at ``path``; returns the document and the raw bytes (for hashing)."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise PolicyError(
            [PolicyIssue(file, None, "", f"ファイルを読めません: {exc.strerror or type(exc).__name__}")]
        ) from None
    except UnicodeDecodeError:
        raise PolicyError([PolicyIssue(file, None, "", "UTF-8 で保存してください")]) from None
    return YamlDocument.parse(text, file), raw


def _message(item: Any) -> str:
    kind = item["type"]
    ctx = item.get("ctx", {})
    if kind == "value_error":
        return str(ctx["error"])
    if kind == "literal_error":
        return f"次のいずれかを指定してください: {ctx['expected']}"
    if kind == "string_pattern_mismatch":
        return f"形式が不正です（使える文字: {ctx['pattern']}）"
    return _MESSAGES.get(kind, item["msg"])
