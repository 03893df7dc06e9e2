export interface ClusterNode {
  host: string;
  port: number;
}

export interface RedisCluster {
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

export function startRedisCluster(options?: { masters?: number }): Promise<RedisCluster>;
export function nodeList(nodes: ClusterNode[]): string;
export function keysByMaster(target: { url: string; clusterNodes?: ClusterNode[] }, patterns: string[]): Promise<Map<string, string[]>>;
export function deleteKeys(target: { url: string; clusterNodes?: ClusterNode[] }, patterns: string[]): Promise<void>;
