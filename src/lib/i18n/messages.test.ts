// The message files stay complete: both languages have every key, and every key the code names
// literally (i18n.t('…'), label: '…') exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAll } from './catalog';

const zh = await loadAll('zh-CN');
const en = await loadAll('en');

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)
  );
}
const base = (key: string) => key.replace(PLURAL, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('message files', () => {
  const zhKeys = new Set(keys(zh as Tree).map(base));
  const enKeys = new Set(keys(en as Tree).map(base));

  it('English and Chinese have the same keys', () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has every validation message the schemas use', () => {
    const fields = readFileSync(new URL('../schema/fields.ts', import.meta.url), 'utf8');
    const records = readFileSync(new URL('../schema/records.ts', import.meta.url), 'utf8');
    const used = new Set([...(fields + records).matchAll(/'(validation\.[a-z_]+)'/g)].map((m) => m[1]));
    expect([...used].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has every key the code names literally', () => {
    const src = new URL('../..', import.meta.url).pathname;
    const missing: string[] = [];
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bi18n\.t\(\s*'([a-z][\w.]*)'/g)) {
        if (!zhKeys.has(m[1])) missing.push(`${file.slice(src.length)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
