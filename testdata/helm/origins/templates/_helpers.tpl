{{- define "origins.hostNetwork" -}}
hostNetwork: {{ .Values.network.hostNetwork }}
{{- end }}
