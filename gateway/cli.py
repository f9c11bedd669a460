"""The ``gateway`` command: serve, keys, policy.

Every command that touches storage or policy takes ``--database-url`` /
``--policy`` and also reads ``GATEWAY_DATABASE_URL`` / ``GATEWAY_POLICY``.

Example:
    gateway serve --port 8080
    gateway keys create --user suzuki --department fukushi --role staff
    gateway policy check policies/default/policy.yaml
    gateway audit verify
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from audit.cli import audit_app
from gateway.errors import PolicyError
from gateway.settings import DEFAULT_POLICY, Settings

__all__ = ["main"]

app = typer.Typer(add_completion=False, no_args_is_help=True, help="自治体向け生成AIゲートウェイ (municipal generative-AI gateway)")
keys_app = typer.Typer(no_args_is_help=True, help="API keys: create, list, revoke.")
policy_app = typer.Typer(no_args_is_help=True, help="Policy files: check, test, explain.")
app.add_typer(keys_app, name="keys")
app.add_typer(policy_app, name="policy")
app.add_typer(audit_app, name="audit")

PolicyOption = Annotated[Path, typer.Option("--policy", envvar="GATEWAY_POLICY", help="Policy YAML file.")]
DatabaseOption = Annotated[
    str, typer.Option("--database-url", envvar="GATEWAY_DATABASE_URL", help="sqlite:///path.db or postgresql://...")
]


def _load_policy_or_exit(path: Path):  # -> Policy
    from policies import load_policy

    try:
        return load_policy(path)
    except PolicyError as error:
        for issue in error.issues:
            typer.echo(str(issue), err=True)
        typer.echo(f"ポリシーが不正です ({len(error.issues)} 件)。修正するまで起動できません。", err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(
    policy: PolicyOption = DEFAULT_POLICY,
    database_url: DatabaseOption = "sqlite:///./gateway.db",
    host: Annotated[str, typer.Option(envvar="GATEWAY_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="GATEWAY_PORT")] = 8080,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (one per core).")] = 1,
    access_log: Annotated[bool, typer.Option(help="Also log one line per request (the audit log records every request anyway).")] = False,
) -> None:
    """Start the gateway (OpenAI-compatible API on http://HOST:PORT/v1)."""
    from gateway import serving

    loaded = _load_policy_or_exit(policy)  # refuse to start on an invalid policy, before any worker forks
    # Workers build their own Settings from the environment.
    os.environ.update({"GATEWAY_POLICY": str(policy), "GATEWAY_DATABASE_URL": database_url})
    settings = Settings(policy=policy, database_url=database_url, host=host, port=port)
    bridge = None
    if any(spec.provider == "litellm" for spec in loaded.models.values()):
        # One process makes the litellm calls of every worker (~150 MB once, not per worker).
        from gateway.providers.litellm_bridge import BridgeProcess

        try:
            bridge = BridgeProcess().start()
        except RuntimeError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
        os.environ["GATEWAY_LITELLM_BRIDGE"] = bridge.socket
    typer.echo(f"gateway: http://{host}:{port}/v1  policy={policy}", err=True)
    try:
        serving.serve("gateway.app:create_app", host=settings.host, port=settings.port, workers=workers,
                      access_log=access_log, log_level=settings.log_level)
    except serving.ListenError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    finally:
        if bridge is not None:
            bridge.stop()


@keys_app.command("create")
def keys_create(
    user: Annotated[str, typer.Option(help="User id, e.g. suzuki.hanako")],
    department: Annotated[str, typer.Option(help="Department id from the policy, e.g. fukushi")],
    role: Annotated[
        list[str] | None, typer.Option(help="Role (repeatable): staff, caio, auditor, reviewer, security-admin")
    ] = None,
    policy: PolicyOption = DEFAULT_POLICY,
    database_url: DatabaseOption = "sqlite:///./gateway.db",
) -> None:
    """Create a key and print it once (stdout holds the key alone)."""
    loaded = _load_policy_or_exit(policy)
    if department not in loaded.departments:
        known = ", ".join(loaded.departments)
        typer.echo(f"部署「{department}」はポリシーにありません。使用できる部署: {known}", err=True)
        raise typer.Exit(2)
    store = _key_store(database_url)
    try:
        principal, token = store.create(user, department, role or ["staff"])
    except ValueError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    typer.echo(token)
    typer.echo(f"key {principal.key_id} for {principal.user} ({principal.department}, {', '.join(sorted(principal.roles))}): "
               "このキーは二度と表示されません。安全に保管してください。", err=True)


@keys_app.command("list")
def keys_list(database_url: DatabaseOption = "sqlite:///./gateway.db") -> None:
    """List keys (ids, owners, roles, state; never the keys)."""
    for info in _key_store(database_url).list():
        state = "revoked" if info.revoked_at else "active"
        typer.echo(f"{info.key_id}\t{info.user}\t{info.department}\t{','.join(sorted(info.roles))}\t{state}")


@keys_app.command("revoke")
def keys_revoke(key_id: str, database_url: DatabaseOption = "sqlite:///./gateway.db") -> None:
    """Revoke a key by its id."""
    if not _key_store(database_url).revoke(key_id):
        typer.echo(f"キー {key_id} は見つからないか、既に失効しています。", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {key_id}")


def _key_store(database_url: str):  # -> SqlKeyStore
    from audit.chain.keys import chain_key_from_env
    from gateway.database import create_db_engine, init_schema
    from gateway.keys import SqlKeyStore

    engine = create_db_engine(database_url)
    # The first upgrade links the records already stored: with the audit key, when one is set.
    init_schema(engine, chain_key_from_env())
    return SqlKeyStore(engine)


@policy_app.command("check")
def policy_check(path: Annotated[Path, typer.Argument(envvar="GATEWAY_POLICY")] = DEFAULT_POLICY) -> None:
    """Validate a policy file; every error names the file, line and field."""
    loaded = _load_policy_or_exit(path)
    typer.echo(f"OK: {path} (revision {loaded.revision}, {len(loaded.models)} models, {len(loaded.departments)} departments)")


@policy_app.command("test")
def policy_test(
    policy: PolicyOption = DEFAULT_POLICY,
    cases: Annotated[Path | None, typer.Option(help="Cases file (default: cases.yaml beside the policy).")] = None,
) -> None:
    """Run the policy's test cases (input → expected level and action) with the real detector."""
    from gateway.policy_cases import describe, run_policy_cases

    loaded = _load_policy_or_exit(policy)
    try:
        results = run_policy_cases(loaded, cases or policy.parent / "cases.yaml")
    except PolicyError as error:
        for issue in error.issues:
            typer.echo(str(issue), err=True)
        raise typer.Exit(2) from None
    failed = [r for r in results if not r.passed]
    for result in results:
        typer.echo(describe(result))
    typer.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)


@policy_app.command("explain")
def policy_explain(
    text: str,
    model: Annotated[str | None, typer.Option(help="Model id (default: the department's first model).")] = None,
    department: Annotated[str | None, typer.Option(help="Department id (default: the policy's first).")] = None,
    declared_level: Annotated[str | None, typer.Option(help="Level the client declares.")] = None,
    use_case: Annotated[str | None, typer.Option(help="Use-case id.")] = None,
    policy: PolicyOption = DEFAULT_POLICY,
) -> None:
    """Print the level, reasons and decision for a text (sends nothing)."""
    from gateway.detection import build_detector
    from gateway.dryrun import DryRun
    from gateway.errors import GatewayError

    loaded = _load_policy_or_exit(policy)
    department = department or next(iter(loaded.departments))
    model = model or loaded.models_for(department)[0].id
    detector = build_detector(loaded.detection.custom_terms, loaded.detection.allow_terms)
    try:
        exchange = DryRun(loaded, detector).evaluate(
            [{"role": "user", "content": text}], model=model, department=department,
            declared_level=declared_level, use_case=use_case,
        )
    except GatewayError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from None
    decision = exchange.decision
    assert decision is not None
    typer.echo(f"level:    {decision.level}")
    typer.echo(f"action:   {decision.action}  (model: {decision.model or '-'})")
    typer.echo(f"review:   {'required' if decision.review_required else 'not required'}")
    typer.echo("reasons:")
    for reason in decision.reasons:
        typer.echo(f"  - {reason}")
    counts = ", ".join(f"{k}×{v}" for k, v in sorted(exchange.entity_counts.items())) or "none"
    typer.echo(f"findings: {counts}")
    if decision.message:
        typer.echo(f"message:  {decision.message}")
    if exchange.outbound_messages is not None:
        typer.echo("sent as:  " + str(exchange.outbound_messages[0]["content"]))


@app.command("eval")
def eval_corpus(
    corpus: Annotated[list[Path], typer.Argument(help="JSONL corpus files (bench/corpus/main.jsonl ...).")],
    policy: PolicyOption = DEFAULT_POLICY,
    check: Annotated[bool, typer.Option(help="Exit with code 1 when a bar is not met.")] = False,
    misses: Annotated[bool, typer.Option(help="List the record ids and types of missed values (never the values).")] = False,
) -> None:
    """Print per-type recall and precision, over-masking and speed of the detector on CORPUS."""
    from gateway.detection import build_detector
    from gateway.evaluation import CorpusError, evaluate, failed_bars, format_report, load_corpus

    loaded = _load_policy_or_exit(policy)
    detector = build_detector(loaded.detection.custom_terms, loaded.detection.allow_terms)
    failed = False
    for path in corpus:
        try:
            score = evaluate(detector, load_corpus(path))
        except CorpusError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(2) from None
        typer.echo(f"== {path}")
        typer.echo(format_report(score))
        if misses:
            for record_id, entity_type in score.misses:
                typer.echo(f"  missed {entity_type} in {record_id}")
        not_met = failed_bars(score)
        if not_met:
            typer.echo("bars not met: " + ", ".join(not_met))
        failed = failed or bool(not_met)
    if check and failed:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
