{{/*
Names, labels and the pieces every app's pod shares. The three apps are listed once in
"todo.apps" (values key → Dapr app id, the port Dapr delivers to); the templates range over it.
*/}}

{{- define "todo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "todo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The apps: values key, Dapr app id (also the component scopes and access-control ids), and the
port the sidecar delivers to (the bff's own listener for Dapr, never its public port). */}}
{{- define "todo.apps" -}}
bff: { id: bff, daprAppPort: 3003 }
coreService: { id: core-service, daprAppPort: 3000 }
worker: { id: worker, daprAppPort: 3000 }
{{- end -}}

{{- define "todo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "todo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "bff"). */}}
{{- define "todo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "todo.componentLabels" -}}
{{ include "todo.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An app's image: (dict "root" $ "key" "bff"). A digest pins it; otherwise the tag. */}}
{{- define "todo.image" -}}
{{- $img := index .root.Values.image .key -}}
{{- $repo := $img.repository -}}
{{- if .root.Values.image.registry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) $img.repository -}}
{{- end -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $repo $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standard, pod level. */}}
{{- define "todo.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* An app pod's: the user is set on the app container only, since the injected daprd sidecar
must run as its image's 65532:65532 (Dapr refuses to start as any other user in Kubernetes). */}}
{{- define "todo.appPodSecurityContext" -}}
runAsNonRoot: true
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The restricted Pod Security Standard, container level, plus a read-only root filesystem. */}}
{{- define "todo.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The writable /tmp of a read-only container (tsx's cache, npm's home). */}}
{{- define "todo.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}

{{- define "todo.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* The env of every app container that is not app specific. */}}
{{- define "todo.commonEnv" -}}
- name: NODE_ENV
  value: production
- name: HOST
  value: 0.0.0.0
- name: PORT
  value: '3000'
# /metrics on a port of its own (the bff's application port is public).
- name: METRICS_PORT
  value: '9464'
{{- with .Values.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: HOME
  value: /tmp
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- with .Values.heapGrowingPercent }}
- name: HEAP_GROWING_PERCENT
  value: {{ . | quote }}
{{- end }}
- name: EVENT_BUS
  value: dapr
- name: SECRET_STORE
  value: dapr
- name: DAPR_HTTP_PORT
  value: '3500'
- name: APP_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.fullname" . }}-dapr-app-token
      key: token
- name: DAPR_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.fullname" . }}-dapr-api-token
      key: token
{{- range $k, $v := .Values.extraEnv }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end -}}

{{/* The Dapr sidecar annotations of one app: (dict "root" $ "key" "bff" "id" "bff" "port" 3003). */}}
{{- define "todo.daprAnnotations" -}}
{{- $d := .root.Values.dapr -}}
dapr.io/enabled: 'true'
dapr.io/app-id: {{ .id }}
dapr.io/app-port: {{ .port | quote }}
dapr.io/config: {{ .id }}
dapr.io/log-level: {{ $d.logLevel }}
dapr.io/log-as-json: {{ $d.logAsJson | quote }}
dapr.io/app-token-secret: {{ include "todo.fullname" .root }}-dapr-app-token
dapr.io/api-token-secret: {{ include "todo.fullname" .root }}-dapr-api-token
dapr.io/enable-metrics: 'true'
dapr.io/metrics-port: '9090'
dapr.io/sidecar-cpu-request: {{ $d.sidecar.resources.requests.cpu | quote }}
dapr.io/sidecar-memory-request: {{ $d.sidecar.resources.requests.memory | quote }}
dapr.io/sidecar-cpu-limit: {{ $d.sidecar.resources.limits.cpu | quote }}
dapr.io/sidecar-memory-limit: {{ $d.sidecar.resources.limits.memory | quote }}
dapr.io/sidecar-readonly-root-filesystem: 'true'
dapr.io/sidecar-seccomp-profile-type: RuntimeDefault
dapr.io/graceful-shutdown-seconds: '20'
# An import (POST /api/import, up to 4 MB of CSV, larger once wrapped in JSON for core-service) is
# above the sidecar's default 4Mi.
dapr.io/max-body-size: 16Mi
# The sidecar keeps serving while its app drains (the app's preStop pause): without it, a rolling
# update on a real node failed a request in flight to the old core-service.
dapr.io/block-shutdown-duration: 15s
{{- end -}}

{{/* The hostname the ingress serves and the PWA's origin. */}}
{{- define "todo.origin" -}}
{{- if .Values.ingress.tls.enabled -}}https{{- else -}}http{{- end -}}://{{ .Values.ingress.host }}
{{- end -}}

{{/* Used by networkpolicies.yaml. */}}
{{- define "todo.peer" -}}
{{- /* A pod of this release: (dict "root" $ "component" "bff") */ -}}
- podSelector:
    matchLabels:
      {{- include "todo.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/* Used by networkpolicies.yaml. */}}
{{- define "todo.egressRule" -}}
{{- /* (dict "to" peers "ports" [numbers] "protocol" "TCP") */ -}}
- ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* Used by secrets.yaml. */}}
{{- define "todo.keptSecret" -}}
{{- /* (dict "root" $ "name" "internal-token" "key" "internal-token" "value" "...") */ -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .name }}
  labels:
    {{- include "todo.labels" .root | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
type: Opaque
data:
  {{ .key }}: {{ .value | b64enc | quote }}
{{- end -}}

{{/* Used by secrets.yaml. */}}
{{- define "todo.keptValue" -}}
{{- $old := lookup "v1" "Secret" .ns .name -}}
{{- if and $old $old.data (hasKey $old.data .key) -}}
{{- index $old.data .key | b64dec -}}
{{- else -}}
{{- .fresh -}}
{{- end -}}
{{- end -}}

{{/* Used by dapr-components.yaml. */}}
{{- define "todo.redisConnection" -}}
- name: redisHost
  value: {{ .host | quote }}
{{- if .secret }}
- name: redisPassword
  secretKeyRef:
    name: {{ .secret }}
    key: redis-password
{{- end }}
- name: enableTLS
  value: {{ .tls | quote }}
{{- end -}}

{{/* Used by dapr-components.yaml. */}}
{{- define "todo.kafkaConnection" -}}
- name: brokers
  value: {{ .brokers | quote }}
- name: authType
  value: {{ .authType }}
{{- if eq .authType "password" }}
- name: saslUsername
  value: {{ .saslUsername | quote }}
- name: saslPassword
  secretKeyRef:
    name: {{ .passwordSecret }}
    key: password
# Dapr names the SCRAM mechanisms SHA-256 and SHA-512; any other value is PLAIN to it, so
# SCRAM-SHA-512 as written would have been sent as PLAIN.
- name: saslMechanism
  value: {{ trimPrefix "SCRAM-" .saslMechanism }}
{{- end }}
- name: disableTls
  value: {{ not .tls | quote }}
{{- if and .tls .caSecret }}
- name: caCert
  secretKeyRef:
    name: {{ .caSecret }}
    key: ca.crt
{{- end }}
{{- end -}}

{{/* Used by jobs.yaml. */}}
{{- define "todo.jobContainer" -}}
- name: {{ .name }}
  image: {{ include "todo.image" (dict "root" .root "key" .image) }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  command:
    {{- toYaml .command | nindent 4 }}
  env:
    - name: HOME
      value: /tmp
    - name: NODE_ENV
      value: production
    {{- toYaml .env | nindent 4 }}
  resources:
    {{- toYaml .root.Values.migrations.resources | nindent 4 }}
  securityContext:
    {{- include "todo.containerSecurityContext" .root | nindent 4 }}
  volumeMounts:
    {{- include "todo.tmpMount" .root | nindent 4 }}
    {{- with .mounts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/* A hook Job's pod: (dict "root" $ "component" "migrations" "steps" (list (dict "name" … "image"
"coreService" "command" […])) "env" […]), optionally "volumes" […] and the "mounts" […] of every step.
Steps run in order: all but the last as init containers. */}}
{{- define "todo.jobPod" -}}
{{- $root := .root -}}
{{- $env := .env -}}
{{- $steps := .steps -}}
{{- $mounts := .mounts | default list -}}
metadata:
  labels:
    {{- include "todo.selectorLabels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  enableServiceLinks: false
  {{- with .root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- include "todo.podSecurityContext" .root | nindent 4 }}
  {{- if gt (len $steps) 1 }}
  initContainers:
    {{- range $step := initial $steps }}
    {{- include "todo.jobContainer" (merge (dict "root" $root "env" $env "mounts" $mounts) $step) | nindent 4 }}
    {{- end }}
  {{- end }}
  containers:
    {{- include "todo.jobContainer" (merge (dict "root" $root "env" $env "mounts" $mounts) (last $steps)) | nindent 4 }}
  volumes:
    {{- include "todo.tmpVolume" .root | nindent 4 }}
    {{- with .volumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
