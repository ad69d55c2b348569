{{- define "evohub.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "evohub.labels" -}}
app.kubernetes.io/name: evohub
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "evohub.selector" -}}
app.kubernetes.io/name: evohub
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "evohub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "evohub.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "evohub.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "evohub.redisUrl" -}}
{{- if .Values.redis.url -}}
{{- .Values.redis.url -}}
{{- else if .Values.redis.deploy -}}
{{- printf "redis://%s-redis.%s.svc:6379" (include "evohub.fullname" .) .Release.Namespace -}}
{{- else -}}
{{- fail "set redis.url or redis.deploy=true" -}}
{{- end -}}
{{- end -}}
