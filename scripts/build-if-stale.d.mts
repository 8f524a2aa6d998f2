export interface Build {
  inputs: string[];
  output: string;
  command: string[];
  env: Record<string, string>;
}
export interface BuildOptions {
  root?: string;
  builds?: Record<string, Build>;
  log?: (line: string) => void;
}
export const builds: Record<'renderer' | 'server', Build>;
export function fingerprint(name: string, options?: BuildOptions): string;
export function isStale(name: string, options?: BuildOptions): boolean;
export function buildIfStale(names?: string[], options?: BuildOptions): string[];
