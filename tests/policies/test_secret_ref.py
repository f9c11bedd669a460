"""SecretRef: a secret is named in the policy and read from the environment only when needed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.errors import GatewayError
from policies import SecretRef


def test_secret_ref_resolves_from_the_environment_given() -> None:
    ref = SecretRef.model_validate({"$env": "AZURE_OPENAI_KEY"})
    assert ref.resolve({"AZURE_OPENAI_KEY": "fictitious-value"}) == "fictitious-value"
    assert "fictitious-value" not in repr(ref)


@pytest.mark.parametrize("environ", [{}, {"AZURE_OPENAI_KEY": ""}])
def test_unset_secret_names_the_variable(environ: dict[str, str]) -> None:
    with pytest.raises(GatewayError) as caught:
        SecretRef.model_validate({"$env": "AZURE_OPENAI_KEY"}).resolve(environ)
    assert "AZURE_OPENAI_KEY" in caught.value.message


@pytest.mark.parametrize("name", ["", "1KEY", "MY-KEY", "KEY NAME"])
def test_secret_ref_needs_a_valid_variable_name(name: str) -> None:
    with pytest.raises(ValidationError):
        SecretRef.model_validate({"$env": name})
