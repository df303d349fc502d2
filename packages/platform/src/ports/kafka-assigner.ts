// Partition assignment for the Kafka adapter's groups, whose members consume different topics (one
// consumer per (topic, group)): each topic's partitions go round-robin to the members subscribed to it.
import kafkajs, { type PartitionAssigner } from 'kafkajs';

const { AssignerProtocol } = kafkajs;

/**
 * kafkajs' own assigners hand the leader's topics to every member regardless of what each member
 * subscribed to, so in a group where the worker consumes `todo-events` with one consumer and
 * `reminder-events` with another, some partitions would never be consumed. Every member of a
 * group must use the same assigner (the protocol name is what Kafka matches on).
 */
export const PER_TOPIC_ASSIGNER = 'TodoPerTopicRoundRobin';

export const perTopicRoundRobin: PartitionAssigner = ({ cluster }) => ({
  name: PER_TOPIC_ASSIGNER,
  version: 0,

  async assign({ members }) {
    const subscribers = new Map<string, string[]>();
    for (const member of members) {
      const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
      for (const topic of metadata?.topics ?? []) {
        subscribers.set(topic, [...(subscribers.get(topic) ?? []), member.memberId]);
      }
    }
    // The leader knows partition counts only for its own topics until asked for the others.
    await cluster.addMultipleTargetTopics([...subscribers.keys()]);

    const assignment = new Map<string, Record<string, number[]>>(members.map((m) => [m.memberId, {}]));
    for (const [topic, memberIds] of subscribers) {
      memberIds.sort();
      const partitions = cluster
        .findTopicPartitionMetadata(topic)
        .map((p) => p.partitionId)
        .sort((a, b) => a - b);
      partitions.forEach((partition, i) => {
        const own = assignment.get(memberIds[i % memberIds.length]!)!;
        (own[topic] ??= []).push(partition);
      });
    }
    return [...assignment].map(([memberId, topics]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: topics,
        userData: Buffer.alloc(0),
      }),
    }));
  },

  protocol({ topics }) {
    return {
      name: PER_TOPIC_ASSIGNER,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    };
  },
});
