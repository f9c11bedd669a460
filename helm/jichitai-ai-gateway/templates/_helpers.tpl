{{/*
Chart name, truncated to the 63 characters a Kubernetes name may hold.
*/}}
{{- define "gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of every resource: RELEASE-CHART, or the release name alone when it
already contains the chart name.
*/}}
{{- define "gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels that select the gateway's pods; never change them on upgrade.
*/}}
{{- define "gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "gateway.labels" -}}
helm.sh/chart: {{ include "gateway.chart" . }}
{{ include "gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The ConfigMap that holds policy.yaml: the existing one, or the chart's own.
*/}}
{{- define "gateway.policyConfigMap" -}}
{{- default (printf "%s-policy" (include "gateway.fullname" .)) .Values.policy.existingConfigMap }}
{{- end }}

{{/*
The policy text of the chart's own ConfigMap: values, or the shipped default.
*/}}
{{- define "gateway.policyContent" -}}
{{- if .Values.policy.content }}
{{- .Values.policy.content }}
{{- else }}
{{- .Files.Get "files/policy.yaml" | required "files/policy.yaml is missing from the chart: set policy.content or policy.existingConfigMap" }}
{{- end }}
{{- end }}
