/** The subset of the Kubernetes PodSpec the rules read; everything optional, as in manifests. */
export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string; localhostProfile?: string };
  appArmorProfile?: { type?: string; localhostProfile?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string; level?: string };
  windowsOptions?: { hostProcess?: boolean };
}

export interface PodSecurityContext extends SecurityContext {
  fsGroup?: number;
  supplementalGroups?: number[];
  sysctls?: { name: string; value?: string }[];
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name?: string; key?: string };
    configMapKeyRef?: { name?: string; key?: string };
    fieldRef?: unknown;
    resourceFieldRef?: unknown;
  };
}

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { secretRef?: { name?: string }; configMapRef?: { name?: string }; prefix?: string }[];
  ports?: ContainerPort[];
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: unknown;
  readinessProbe?: unknown;
}

export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  secret?: { secretName?: string };
  configMap?: { name?: string };
  projected?: {
    sources?: { secret?: { name?: string }; serviceAccountToken?: unknown; configMap?: unknown }[];
  };
  [source: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  securityContext?: PodSecurityContext;
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  os?: { name?: string };
  runtimeClassName?: string;
}
