// Secrets by name. From the environment in the embedded default (and from files the launcher keeps
// under .data/); the Dapr secret store adapter comes with the Dapr work and keeps this interface.
export interface Secrets {
  get(name: string): Promise<string | undefined>;
  require(name: string): Promise<string>;
}

export class EnvSecrets implements Secrets {
  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  async get(name: string): Promise<string | undefined> {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  async require(name: string): Promise<string> {
    const value = await this.get(name);
    if (value === undefined) throw new Error(`secret ${name} is not set`);
    return value;
  }
}
