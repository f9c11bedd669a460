"""A reference to a secret held outside the policy file.

Policy YAML never holds a secret; it names the environment variable that
does. The value is read only when a provider is built, and never stored on
the policy, so printing or dumping a policy cannot leak it.

Example (YAML):
    api_key: {$env: AZURE_OPENAI_KEY}
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from gateway.errors import GatewayError

__all__ = ["SecretRef"]


class SecretRef(BaseModel):
    """Names the environment variable that holds a secret.

    Example:
        >>> SecretRef.model_validate({"$env": "AZURE_OPENAI_KEY"}).resolve({"AZURE_OPENAI_KEY": "k"})
        'k'
    """

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    env: str = Field(alias="$env", min_length=1, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")

    def resolve(self, environ: Mapping[str, str] | None = None) -> str:
        """Return the secret from ``environ`` (default: the process environment).

        Raises GatewayError naming the variable, never a value, when it is unset or empty.
        """
        source = os.environ if environ is None else environ
        value = source.get(self.env, "")
        if not value:
            raise GatewayError(
                f"環境変数 {self.env} が設定されていません。ポリシーが参照する秘密情報を設定してください。"
            )
        return value
