import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The README is what a newcomer reads first: short, with the commands, and a way to every reference page. */
const readme = readFileSync('README.md', 'utf8');
const docsPages = readdirSync('docs').filter((name) => name.endsWith('.md'));

function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'));
}

describe('README and docs/', () => {
  it('fits on two screens and keeps the commands CI and newcomers need', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(100);
    expect(readme.length).toBeLessThan(6000);
    for (const command of ['npm install', 'npm start', 'npm run serve', 'npm test']) expect(readme).toContain(command);
    expect(readme).toContain('## Connecting an MCP server (ChatGPT, Codex, Claude, Claude Code, Cursor, VS Code, MCP Inspector)');
  });

  it('links every docs/ page from the README', () => {
    const linked = new Set(relativeLinks(readme).map((target) => target.split('#')[0]));
    for (const page of docsPages) expect(linked, `README links docs/${page}`).toContain(`docs/${page}`);
  });

  it('has no broken relative link in the README or docs/', () => {
    const files = ['README.md', ...docsPages.map((page) => `docs/${page}`)];
    const broken = files.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8'))
        .map((target) => join(dirname(file), target.split('#')[0]))
        .filter((path) => !existsSync(path))
        .map((path) => `${file} → ${path}`),
    );
    expect(broken).toEqual([]);
  });

  it('has a section for every tunnel error the dashboard links to', () => {
    const source = readFileSync('server/tunnel/tunnel-errors.ts', 'utf8');
    const codes = /export type TunnelProblemCode =([^;]+);/
      .exec(source)![1]
      .match(/'([a-z_]+)'/g)!
      .map((quoted) => quoted.slice(1, -1));
    const tunnelDoc = readFileSync('docs/tunnel.md', 'utf8');
    for (const code of codes) expect(tunnelDoc, code).toContain(`### \`${code}\``);
  });
});
