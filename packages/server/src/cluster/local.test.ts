import { describeCluster } from './cluster.contract.js'
import { createLocalCluster, createLocalHub } from './local.js'

describeCluster('local (one process, shared hub)', () => {
  const hub = createLocalHub()
  const nodes = [createLocalCluster(hub, 'node-a'), createLocalCluster(hub, 'node-b')] as const
  return Promise.resolve({
    nodes,
    close: async () => {
      await Promise.all(nodes.map((node) => node.close()))
    },
  })
})
