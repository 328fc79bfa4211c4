/**
 * A queue producer that serializes each message (as Queues does before it leaves the Worker) and keeps only a
 * count: on plain workerd there is no consumer, and the bench measures the acknowledgement path.
 */
class MemoryQueue {
  sent = 0;

  async send(body) {
    structuredClone(body);
    this.sent += 1;
  }

  async sendBatch(messages) {
    for (const message of messages) await this.send(message.body);
  }
}

export default function makeBinding() {
  return new MemoryQueue();
}
