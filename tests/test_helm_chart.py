"""The Helm chart renders a closed-network, multi-replica deployment of the gateway.

These tests run the real ``helm`` binary (``helm lint --strict`` and ``helm
template``) and check the rendered manifests as data. ``helm/install-helm.sh``
installs the binary into the virtualenv; ``make test`` runs it first.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from policies import load_policy

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "helm" / "jichitai-ai-gateway"
SHIPPED_POLICY = ROOT / "policies" / "default" / "policy.yaml"
RELEASE = "demo"
NAMESPACE = "ai-gateway"
FULLNAME = f"{RELEASE}-jichitai-ai-gateway"

DATABASE_CIDR = "10.0.20.5/32"
UPSTREAMS = [{"name": "onprem-vllm", "cidr": "10.0.30.0/28", "ports": [8000]},
             {"name": "lgwan-asp", "cidr": "192.0.2.0/24", "ports": [443, 8443]}]
NETWORK_POLICY = ("--set", "networkPolicy.enabled=true",
                  "--set", f"networkPolicy.database.cidrs={{{DATABASE_CIDR}}}",
                  "--set-json", f"networkPolicy.upstreams={json.dumps(UPSTREAMS)}")
VALUE_SETS = {"default": (), "network-policy": NETWORK_POLICY}

SECRET_LIKE_ENV = re.compile(r"(KEY|TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIALS?|DATABASE_URL)$", re.IGNORECASE)
URL_WITH_PASSWORD = re.compile(r"://[^/\s:@\"]+:[^/\s@\"]+@")
VALUES_REFERENCE = re.compile(r"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


@functools.cache
def _helm() -> str:
    # The venv's bin folder first: that is where install-helm.sh puts it.
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("helm", path=search)
    if found is None:
        pytest.fail("helm is not installed: run `bash helm/install-helm.sh .venv/bin/helm` (make test does)", pytrace=False)
    return found


def run_helm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_helm(), *args], capture_output=True, text=True, timeout=60, check=False)


@functools.cache
def rendered_text(*flags: str) -> str:
    """``helm template`` output for these helm flags; the rendering must succeed."""
    result = run_helm("template", RELEASE, str(CHART), "--namespace", NAMESPACE, *flags)
    assert result.returncode == 0, result.stderr
    return result.stdout


def render(*flags: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(rendered_text(*flags)) if doc]


def the(kind: str, *flags: str) -> dict[str, Any]:
    found = [doc for doc in render(*flags) if doc["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, got {len(found)}"
    return found[0]


def container(*flags: str) -> dict[str, Any]:
    (gateway,) = the("Deployment", *flags)["spec"]["template"]["spec"]["containers"]
    return gateway


def env_of(*flags: str) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in container(*flags)["env"]}


def pod_spec(*flags: str) -> dict[str, Any]:
    return the("Deployment", *flags)["spec"]["template"]["spec"]


@pytest.mark.parametrize("value_set", sorted(VALUE_SETS))
def test_chart_passes_strict_lint(value_set: str) -> None:
    result = run_helm("lint", "--strict", str(CHART), *VALUE_SETS[value_set])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("value_set", sorted(VALUE_SETS))
def test_chart_renders_the_expected_kinds(value_set: str) -> None:
    kinds = sorted(doc["kind"] for doc in render(*VALUE_SETS[value_set]))
    expected = ["ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceAccount"]
    assert kinds == sorted(expected + (["NetworkPolicy"] if value_set == "network-policy" else []))


@pytest.mark.parametrize("probe", ["startupProbe", "livenessProbe", "readinessProbe"])
def test_every_probe_checks_healthz_on_the_http_port(probe: str) -> None:
    gateway = container()
    assert gateway[probe]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert {"name": "http", "containerPort": 8080, "protocol": "TCP"} in gateway["ports"]


def test_startup_probe_allows_sixty_seconds_before_liveness_checks() -> None:
    startup = container()["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] == 60


def test_gateway_serves_on_all_interfaces_in_production_mode() -> None:
    env = env_of()
    assert container()["args"][:6] == ["gateway", "serve", "--host", "0.0.0.0", "--port", "8080"]
    assert env["GATEWAY_ENVIRONMENT"] == {"name": "GATEWAY_ENVIRONMENT", "value": "production"}


def test_database_url_comes_from_the_named_secret_key() -> None:
    env = env_of("--set", "database.existingSecret=gateway-db", "--set", "database.key=dsn")
    assert env["GATEWAY_DATABASE_URL"] == {
        "name": "GATEWAY_DATABASE_URL",
        "valueFrom": {"secretKeyRef": {"name": "gateway-db", "key": "dsn"}},
    }


@pytest.mark.parametrize(("flags", "expected"), [
    (("--set", "audit.hmacKeySecret=audit-key"),
     {"name": "GATEWAY_AUDIT_HMAC_KEY", "valueFrom": {"secretKeyRef": {"name": "audit-key", "key": "hmac-key"}}}),
    ((), None),
])
def test_audit_hmac_key_comes_only_from_the_named_secret(flags: tuple[str, ...], expected: Any) -> None:
    assert env_of(*flags).get("GATEWAY_AUDIT_HMAC_KEY") == expected


@pytest.mark.parametrize("flag", ["database.existingSecret=", "database.key="])
def test_chart_without_a_database_secret_reference_fails_to_render(flag: str) -> None:
    result = run_helm("template", RELEASE, str(CHART), "--set", flag)
    assert result.returncode != 0
    assert "is required" in result.stderr


@pytest.mark.parametrize(("flags", "env_from"), [
    (("--set", "providers.existingSecret=model-keys"), [{"secretRef": {"name": "model-keys"}}]),
    ((), None),
])
def test_provider_secrets_are_loaded_whole_from_the_existing_secret(flags: tuple[str, ...], env_from: Any) -> None:
    assert container(*flags).get("envFrom") == env_from


@pytest.mark.parametrize("value_set", sorted(VALUE_SETS))
def test_rendered_manifests_hold_no_plain_text_secret(value_set: str) -> None:
    flags = VALUE_SETS[value_set]
    assert not [doc for doc in render(*flags) if doc["kind"] == "Secret"]
    for name, entry in env_of(*flags).items():
        if SECRET_LIKE_ENV.search(name):
            assert "value" not in entry and "secretKeyRef" in entry["valueFrom"], name
    text = rendered_text(*flags)
    assert "postgresql://" not in text
    assert not URL_WITH_PASSWORD.search(text)


@pytest.mark.parametrize(("entry", "renders"), [
    ({"name": "HTTPS_PROXY", "value": "http://proxy.example.local:8080"}, True),
    ({"name": "AZURE_OPENAI_KEY", "valueFrom": {"secretKeyRef": {"name": "model-keys", "key": "azure"}}}, True),
    ({"name": "AZURE_OPENAI_KEY", "value": "not-a-real-key"}, False),
    ({"name": "aws_secret_access_key", "value": "not-a-real-key"}, False),
    ({"name": "HF_TOKEN", "value": "not-a-real-token"}, False),
])
def test_extra_env_may_not_carry_a_secret_value(entry: dict[str, Any], renders: bool) -> None:
    result = run_helm("template", RELEASE, str(CHART), "--set-json", f"extraEnv=[{json.dumps(entry)}]")
    assert (result.returncode == 0) is renders, result.stderr
    if renders:
        assert entry in container("--set-json", f"extraEnv=[{json.dumps(entry)}]")["env"]
    else:
        assert "looks like a secret" in result.stderr


def _api_keys(node: Any) -> list[Any]:
    if isinstance(node, dict):
        own = [value for key, value in node.items() if key == "api_key"]
        return own + [found for value in node.values() for found in _api_keys(value)]
    if isinstance(node, list):
        return [found for value in node for found in _api_keys(value)]
    return []


def test_policy_in_configmap_refers_to_model_keys_only_by_environment_name() -> None:
    content = "models:\n  azure:\n    api_key: {$env: AZURE_OPENAI_KEY}\n"
    policy = yaml.safe_load(the("ConfigMap", "--set-string", f"policy.content={content}")["data"]["policy.yaml"])
    assert _api_keys(policy) == [{"$env": "AZURE_OPENAI_KEY"}]
    assert all(isinstance(key, dict) for key in _api_keys(yaml.safe_load(the("ConfigMap")["data"]["policy.yaml"])))


def test_default_configmap_holds_the_shipped_policy_byte_for_byte(tmp_path: Path) -> None:
    text = the("ConfigMap")["data"]["policy.yaml"]
    assert text == SHIPPED_POLICY.read_text(encoding="utf-8")
    mounted = tmp_path / "policy.yaml"
    mounted.write_text(text, encoding="utf-8")
    assert load_policy(mounted).revision == load_policy(SHIPPED_POLICY).revision


def test_policy_is_mounted_read_only_where_gateway_policy_points() -> None:
    gateway, spec = container(), pod_spec()
    (mount,) = [m for m in gateway["volumeMounts"] if m["name"] == "policy"]
    (volume,) = [v for v in spec["volumes"] if v["name"] == "policy"]
    assert mount["readOnly"] is True
    assert env_of()["GATEWAY_POLICY"]["value"] == f"{mount['mountPath']}/policy.yaml"
    assert volume["configMap"]["name"] == the("ConfigMap")["metadata"]["name"]


def test_checksum_annotation_is_the_hash_of_the_policy_and_changes_with_it() -> None:
    other = ("--set-string", "policy.content=revision: other\n")

    def checksum(*flags: str) -> str:
        return the("Deployment", *flags)["spec"]["template"]["metadata"]["annotations"]["checksum/policy"]

    for flags in ((), other):
        policy = the("ConfigMap", *flags)["data"]["policy.yaml"]
        assert checksum(*flags) == hashlib.sha256(policy.encode()).hexdigest()
    assert checksum() != checksum(*other)


def test_existing_policy_configmap_replaces_the_charts_own() -> None:
    flags = ("--set", "policy.existingConfigMap=security-team-policy")
    assert "ConfigMap" not in {doc["kind"] for doc in render(*flags)}
    (volume,) = [v for v in pod_spec(*flags)["volumes"] if v["name"] == "policy"]
    assert volume["configMap"]["name"] == "security-team-policy"
    assert the("Deployment", *flags)["spec"]["template"]["metadata"]["annotations"]["checksum/policy"]


@pytest.mark.parametrize(("replicas", "workers"), [(1, 1), (2, 2), (5, 4)])
def test_replicas_and_workers_follow_values(replicas: int, workers: int) -> None:
    flags = ("--set", f"replicaCount={replicas}", "--set", f"workers={workers}")
    assert the("Deployment", *flags)["spec"]["replicas"] == replicas
    assert container(*flags)["args"][-2:] == ["--workers", str(workers)]


def test_default_deployment_runs_two_replicas_with_a_rolling_update_that_keeps_serving() -> None:
    spec = the("Deployment")["spec"]
    assert spec["replicas"] == 2
    assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}


@pytest.mark.parametrize(("flag", "name", "expected"), [
    ("gateway.maxBodyBytes=10485760", "GATEWAY_MAX_BODY_BYTES", "10485760"),
    ("gateway.maxBodyBytes=1048576", "GATEWAY_MAX_BODY_BYTES", "1048576"),
    ("gateway.keyCacheSeconds=0.5", "GATEWAY_KEY_CACHE_SECONDS", "0.5"),
    ("gateway.logLevel=warning", "GATEWAY_LOG_LEVEL", "warning"),
])
def test_gateway_settings_render_as_values_the_settings_class_accepts(flag: str, name: str, expected: str) -> None:
    # Large numbers from values.yaml are floats to helm; "1.048576e+06" would stop the gateway.
    assert env_of("--set", flag)[name]["value"] == expected


def test_pod_runs_as_non_root_with_a_read_only_root_and_a_writable_tmp() -> None:
    spec, gateway = pod_spec(), container()
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert gateway["securityContext"]["runAsNonRoot"] is True
    assert gateway["securityContext"]["readOnlyRootFilesystem"] is True
    assert gateway["securityContext"]["allowPrivilegeEscalation"] is False
    (tmp,) = [m for m in gateway["volumeMounts"] if m["mountPath"] == "/tmp"]
    (volume,) = [v for v in spec["volumes"] if v["name"] == tmp["name"]]
    assert "emptyDir" in volume


def test_pod_gets_no_service_links_and_no_api_token() -> None:
    # A Service named "gateway" would inject GATEWAY_PORT=tcp://..., which the settings would read.
    spec = pod_spec()
    assert spec["enableServiceLinks"] is False
    assert spec["automountServiceAccountToken"] is False
    assert spec["serviceAccountName"] == the("ServiceAccount")["metadata"]["name"]


def test_resources_give_each_default_worker_about_500_mib() -> None:
    resources = container()["resources"]
    assert set(resources) == {"requests", "limits"}
    assert resources["requests"]["memory"] == resources["limits"]["memory"] == "1280Mi"


def test_service_budget_and_network_policy_select_the_gateway_pods() -> None:
    pod_labels = the("Deployment", *NETWORK_POLICY)["spec"]["template"]["metadata"]["labels"]
    selectors = [
        the("Service", *NETWORK_POLICY)["spec"]["selector"],
        the("PodDisruptionBudget", *NETWORK_POLICY)["spec"]["selector"]["matchLabels"],
        the("NetworkPolicy", *NETWORK_POLICY)["spec"]["podSelector"]["matchLabels"],
    ]
    for selector in selectors:
        assert selector and selector.items() <= pod_labels.items()
    assert the("Service")["spec"]["ports"] == [{"name": "http", "port": 8080, "targetPort": "http", "protocol": "TCP"}]


def test_network_policy_is_off_by_default() -> None:
    assert "NetworkPolicy" not in {doc["kind"] for doc in render()}


def test_network_policy_allows_egress_only_to_dns_the_database_and_listed_upstreams() -> None:
    policy = the("NetworkPolicy", *NETWORK_POLICY)["spec"]
    assert policy["policyTypes"] == ["Ingress", "Egress"]
    assert policy["ingress"] == [{"ports": [{"port": "http", "protocol": "TCP"}]}]
    allowed: set[tuple[str, int, str]] = set()
    for rule in policy["egress"]:
        # A rule without "to" or "ports" would open every address or every port.
        assert rule["to"] and rule["ports"], rule
        for peer in rule["to"]:
            target = peer["ipBlock"]["cidr"] if "ipBlock" in peer else "cluster-dns"
            allowed |= {(target, port["port"], port["protocol"]) for port in rule["ports"]}
    assert allowed == {
        ("cluster-dns", 53, "UDP"), ("cluster-dns", 53, "TCP"),
        (DATABASE_CIDR, 5432, "TCP"),
        ("10.0.30.0/28", 8000, "TCP"), ("192.0.2.0/24", 443, "TCP"), ("192.0.2.0/24", 8443, "TCP"),
    }


@pytest.mark.parametrize(("flags", "message"), [
    (("--set", "networkPolicy.enabled=true"), "networkPolicy.database.cidrs is required"),
    ((*NETWORK_POLICY, "--set-json", 'networkPolicy.upstreams=[{"cidr": "10.0.30.0/28"}]'), "needs both cidr and ports"),
    ((*NETWORK_POLICY, "--set-json", 'networkPolicy.upstreams=[{"ports": [443]}]'), "needs both cidr and ports"),
])
def test_network_policy_that_would_open_too_much_fails_to_render(flags: tuple[str, ...], message: str) -> None:
    result = run_helm("template", RELEASE, str(CHART), *flags)
    assert result.returncode != 0
    assert message in result.stderr


def test_notes_explain_how_to_create_a_key_in_a_pod() -> None:
    result = run_helm("install", RELEASE, str(CHART), "--namespace", NAMESPACE, "--dry-run=client")
    assert result.returncode == 0, result.stderr
    assert f"kubectl exec -n {NAMESPACE} deploy/{FULLNAME} --" in result.stdout
    assert "gateway keys create --user" in result.stdout


def _has_path(values: Any, path: list[str]) -> bool:
    for key in path:
        if not isinstance(values, dict) or key not in values:
            return False
        values = values[key]
    return True


def test_every_values_reference_in_the_templates_exists_in_values_yaml() -> None:
    # helm renders a misspelt .Values path as empty instead of failing.
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    references = {
        (template.name, match.group(1))
        for template in sorted((CHART / "templates").iterdir())
        for match in VALUES_REFERENCE.finditer(template.read_text(encoding="utf-8"))
    }
    assert references
    missing = [ref for ref in sorted(references) if not _has_path(values, ref[1].lstrip(".").split("."))]
    assert missing == []


def test_chart_metadata_is_a_v2_application_with_the_gateways_version() -> None:
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert chart["apiVersion"] == "v2"
    assert chart["type"] == "application"
    assert f'version = "{chart["appVersion"]}"' in pyproject
