// The Redis behind the Dapr components (REDIS_URL): the variables the component files read, and bare
// RESP commands (no client library needed), so a test can look at or clean up what Dapr stored.
import net from 'node:net';

/** REDIS_URL as the components read it: REDIS_HOST (host:port) and REDIS_PASSWORD through envRef. */
export function redisEnv(): { REDIS_HOST: string; REDIS_PASSWORD: string } {
  const raw = process.env.REDIS_URL;
  if (!raw) throw new Error('REDIS_URL is not set: start Redis with scripts/stack-services.sh');
  const url = new URL(raw);
  return {
    REDIS_HOST: `${url.hostname}:${url.port || 6379}`,
    REDIS_PASSWORD: decodeURIComponent(url.password),
  };
}

type Reply = string | number | null | Reply[];

/** One Redis command with a bare RESP socket (no client library needed); resolves with its reply. */
export async function redis(...command: string[]): Promise<Reply> {
  const { REDIS_HOST, REDIS_PASSWORD } = redisEnv();
  const [host, port] = REDIS_HOST.split(':');
  const encode = (args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const socket = net.connect({ host: host!, port: Number(port) });
  try {
    const replies = await new Promise<Reply[]>((resolve, reject) => {
      let buffer = '';
      const wanted = REDIS_PASSWORD ? 2 : 1;
      socket.on('data', (chunk) => {
        buffer += chunk.toString();
        const parsed: Reply[] = [];
        let rest = buffer;
        while (parsed.length < wanted) {
          const one = parseReply(rest);
          if (!one) return;
          parsed.push(one.value);
          rest = one.rest;
        }
        resolve(parsed);
      });
      socket.once('error', reject);
      socket.write((REDIS_PASSWORD ? encode(['AUTH', REDIS_PASSWORD]) : '') + encode(command));
    });
    return replies[replies.length - 1]!;
  } finally {
    socket.destroy();
  }
}

function parseReply(text: string): { value: Reply; rest: string } | undefined {
  const end = text.indexOf('\r\n');
  if (end < 0) return undefined;
  const kind = text[0];
  const line = text.slice(1, end);
  const rest = text.slice(end + 2);
  if (kind === '+') return { value: line, rest };
  if (kind === '-') throw new Error(`redis: ${line}`);
  if (kind === ':') return { value: Number(line), rest };
  if (kind === '$') {
    const length = Number(line);
    if (length < 0) return { value: null, rest };
    if (Buffer.byteLength(rest) < length + 2) return undefined;
    return { value: rest.slice(0, length), rest: rest.slice(length + 2) };
  }
  if (kind === '*') {
    const items: Reply[] = [];
    let remaining = rest;
    for (let i = 0; i < Number(line); i++) {
      const item = parseReply(remaining);
      if (!item) return undefined;
      items.push(item.value);
      remaining = item.rest;
    }
    return { value: items, rest: remaining };
  }
  throw new Error(`redis: unexpected reply ${text.slice(0, 20)}`);
}
