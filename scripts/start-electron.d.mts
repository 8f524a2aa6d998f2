export function electronBinary(electronDir: string, env?: NodeJS.ProcessEnv): string | null;
export function missingElectronMessage(reason: string): string;
export function startElectron(options: {
  electronDir: string;
  appDir: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<number>;
