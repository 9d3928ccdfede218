// The soak's simulated fleet, in its own process: one HTTPS simulator serving `count` virtual clusters (preset demo,
// `distinctStates` seeds), list pages capped so continue tokens are in play. The parent changes faults over IPC.
// Started by soak.mjs with fork(); never run by hand.
import { startSimulator } from '@meshguard/k8s-sim';

const { count, distinctStates, seed, maxPageSize } = JSON.parse(process.argv[2]);
const simulator = await startSimulator({ preset: 'demo', seed, virtualClusters: { count, distinctStates }, maxPageSize });

process.on('message', (message) => {
  if (message.type === 'faults') {
    simulator.setFaults(message.faults);
    process.send({ type: 'faults-set', id: message.id });
  } else if (message.type === 'stats') {
    process.send({ type: 'stats', id: message.id, stats: simulator.stats() });
  } else if (message.type === 'stop') {
    simulator.stop().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => simulator.stop().finally(() => process.exit(0)));

process.send({
  type: 'ready',
  url: simulator.url,
  kubeconfigs: Array.from({ length: count }, (_, index) => simulator.kubeconfig({ virtualCluster: index, context: `soak-${index}` })),
});
