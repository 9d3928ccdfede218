import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { ClusterRepository, ConnectivityModelRepository, type ConnectivityModelRecord } from '@meshguard/db';
import type { ClusterSnapshot, ConnectivityGraph, ConnectivityQueryModel } from '@meshguard/rules';
import { DomainError } from '../problems/domain-error.js';
import { rulesCatalog } from '../rules/rules-catalog.js';
import { BoundedCache } from './bounded-cache.js';
import type { ConnectivityAnswerDto, ConnectivityDto, ConnectivityQueryDto } from './connectivity.dto.js';

const gunzipAsync = promisify(gunzip);
/**
 * Query models kept per scan id. Building one compiles every policy on the event loop, so a burst of "can A reach
 * B?" questions about one cluster builds it once; a stored model never changes, so an entry needs no invalidation.
 */
const cachedQueryModels = 16;

/** Serves each cluster's latest NetworkPolicy reachability model, stored by the scan that computed it. */
@Injectable()
export class ConnectivityService {
  /** Keyed by scan id, looked up only after the tenant's own transaction returned that scan's model. */
  readonly queryModels = new BoundedCache<string, ConnectivityQueryModel>(cachedQueryModels);

  constructor(
    private readonly clusters: ClusterRepository,
    private readonly models: ConnectivityModelRepository,
  ) {}

  async graph(clusterId: string): Promise<ConnectivityDto> {
    const model = await this.latest(clusterId);
    const graph = (await unpack(model.graph)) as ConnectivityGraph;
    const { version: _version, collectedAt: _collectedAt, ...rest } = graph;
    return { scanId: model.scanId, collectedAt: model.collectedAt, ...rest };
  }

  /** Answered from the stored subset alone: no cluster I/O. */
  async query(clusterId: string, query: ConnectivityQueryDto): Promise<ConnectivityAnswerDto> {
    const model = await this.latest(clusterId);
    const { answerConnectivityQueryOn, ConnectivityQueryError, connectivityQueryModel } = await rulesCatalog();
    const queryModel = await this.queryModels.getOrBuild(model.scanId, async () => connectivityQueryModel((await unpack(model.subset)) as ClusterSnapshot));
    try {
      const answer = answerConnectivityQueryOn(queryModel, query.from, query.to, query.port);
      return { scanId: model.scanId, collectedAt: model.collectedAt, ...answer };
    } catch (error) {
      if (error instanceof ConnectivityQueryError)
        throw new DomainError('validation-failed', `The connectivity query cannot be answered: ${error.message}.`, [
          { field: error.field, message: error.message },
        ]);
      throw error;
    }
  }

  private async latest(clusterId: string): Promise<ConnectivityModelRecord> {
    if (!(await this.clusters.get(clusterId))) throw new DomainError('not-found', `No cluster ${clusterId}.`);
    const model = await this.models.latest(clusterId);
    if (!model)
      throw new DomainError('not-found', `Cluster ${clusterId} has no connectivity model yet; it is stored by each finished scan: request one with POST /v1/clusters/${clusterId}/scans.`);
    if (model.version !== (await rulesCatalog()).connectivityModelVersion)
      throw new DomainError('not-found', `The latest connectivity model of cluster ${clusterId} was stored in an older format; the next scan stores a current one.`);
    return model;
  }
}

async function unpack(bytes: Uint8Array): Promise<unknown> {
  return JSON.parse((await gunzipAsync(bytes)).toString('utf8'));
}
