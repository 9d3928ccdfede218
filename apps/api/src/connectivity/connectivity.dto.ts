import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ConnectivityNamespaceDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
}

export class ConnectivityWorkloadDto {
  @ApiProperty({ description: '`namespace/name[Kind]`: the key edges, exposure, paths and queries use.', example: 'shop/api[Deployment]' })
  key!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Deployment' }) kind!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ description: 'Pods (or pod templates) of the workload in the snapshot.' }) pods!: number;
  @ApiProperty({ description: 'Reachable from outside the cluster (LoadBalancer/NodePort Service, Ingress, host port) as the policies allow.' })
  internetExposed!: boolean;
}

export class ConnectivityEdgeDto {
  @ApiProperty({ description: 'A workload key, an external range `a.b.c.d/n[External]` or `{ingress-controller}`.' }) src!: string;
  @ApiProperty({ description: 'Same spelling as `src`.' }) dst!: string;
  @ApiProperty({ description: 'Allowed ports and protocols, e.g. `TCP 80,443` or `All Connections`.' }) ports!: string;
}

export class ConnectivityEntryPointDto {
  @ApiProperty({ description: 'How the workload is reached: loadbalancer, nodeport, ingress, host-port, …' }) via!: string;
  @ApiProperty({ description: 'The object that exposes it, e.g. `Service shop/web`.' }) object!: string;
  @ApiProperty({ description: 'What the policies let through this entry point.' }) allowed!: string;
}

export class ConnectivityExposureDto {
  @ApiProperty() workload!: string;
  @ApiProperty({ type: [ConnectivityEntryPointDto] }) entryPoints!: ConnectivityEntryPointDto[];
}

export class ConnectivityHopDto {
  @ApiProperty() workload!: string;
  @ApiProperty({ description: 'Connections allowed from the previous hop.' }) ports!: string;
}

export class ConnectivityLateralPathDto {
  @ApiProperty({ description: 'An internet-exposed workload.' }) source!: string;
  @ApiProperty({ description: 'A sensitive target: mounts Secrets, a data store, kube-system, or `api-server`.' }) target!: string;
  @ApiProperty({ type: [String], example: ['mounts-secrets'] }) reasons!: string[];
  @ApiProperty({ type: [ConnectivityHopDto], description: 'Hops after the source; the last is the target.' }) hops!: ConnectivityHopDto[];
}

export class ConnectivityDto {
  @ApiProperty({ format: 'uuid', description: 'The scan the model comes from (the latest that stored one).' }) scanId!: string;
  @ApiProperty({ description: 'When that scan collected the snapshot.' }) collectedAt!: Date;
  @ApiProperty({ description: 'Network policies compiled (every supported dialect).' }) policies!: number;
  @ApiProperty({ type: [ConnectivityNamespaceDto] }) namespaces!: ConnectivityNamespaceDto[];
  @ApiProperty({ type: [ConnectivityWorkloadDto] }) workloads!: ConnectivityWorkloadDto[];
  @ApiProperty({ type: [ConnectivityEdgeDto], description: 'Every allowed connection (self pairs omitted).' }) edges!: ConnectivityEdgeDto[];
  @ApiProperty({ type: [ConnectivityExposureDto], description: 'Internet-exposed workloads and their entry points.' })
  exposure!: ConnectivityExposureDto[];
  @ApiProperty({ type: [ConnectivityLateralPathDto], description: 'Multi-hop paths from exposed workloads to sensitive targets.' })
  lateralPaths!: ConnectivityLateralPathDto[];
}

const endpointPattern = /^[^\s]+$/;

export class ConnectivityQueryDto {
  @ApiProperty({ description: 'Source: a workload `namespace/name[Kind]` (or `namespace/name`) or an IP address.', example: 'shop/web[Deployment]' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @Matches(endpointPattern, { message: 'from must be a workload namespace/name[Kind] or an IP address, without spaces' })
  from!: string;

  @ApiProperty({ description: 'Destination, spelled like `from`.', example: 'shop/db[StatefulSet]' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @Matches(endpointPattern, { message: 'to must be a workload namespace/name[Kind] or an IP address, without spaces' })
  to!: string;

  @ApiPropertyOptional({ description: 'Port and protocol: `443/TCP`, `53/UDP`, `8000-8080/TCP`; absent: any.', example: '5432/TCP' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  port?: string;
}

export class ConnectivityStepDto {
  @ApiProperty({ enum: ['egress', 'ingress'] }) direction!: string;
  @ApiProperty({ description: 'Policy tier: admin, networkpolicy, baseline, …' }) tier!: string;
  @ApiProperty({ description: 'allow, deny, pass, default-allow or default-deny.' }) action!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The policy, e.g. `NetworkPolicy shop/db-ingress`; null for a default.' })
  policy!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The rule within the policy, e.g. `ingress[0]`.' }) rule!: string | null;
  @ApiProperty({ description: 'The part of the queried connections this step decided.' }) ports!: string;
  @ApiProperty({ description: 'Why, in words.' }) detail!: string;
}

export class ConnectivityAnswerDto {
  @ApiProperty({ format: 'uuid' }) scanId!: string;
  @ApiProperty() collectedAt!: Date;
  @ApiProperty({ description: 'The source as resolved.' }) src!: string;
  @ApiProperty({ description: 'The destination as resolved.' }) dst!: string;
  @ApiProperty({ description: 'The connections asked about.' }) query!: string;
  @ApiProperty({ description: 'The part of the query that is allowed.' }) allowed!: string;
  @ApiProperty({ enum: ['allowed', 'denied', 'partially-allowed'] }) verdict!: string;
  @ApiProperty({ type: [ConnectivityStepDto], description: 'Egress steps (source side), then ingress steps (destination side).' })
  steps!: ConnectivityStepDto[];
}
