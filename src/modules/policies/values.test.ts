import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withVersion } from './publish.ts';
import { fieldNotes, sectionLeaves } from './values.ts';

const YAML = `# 头部说明
id: demo-pack
version: 1 # 第一版
region: "3704"
standards:
  dibao: { urban: 980, rural: 800 } # 示例值
  minimumWage: 2010 # 文件：最低工资
dibao:
  supplements:
    - { when: minor, ratio: 0.1 } # 示例值
    - { when: age70plus, ratio: 0.1 }
`;

describe('fieldNotes', () => {
  it('reads the comment beside each value; list items belong to the list', () => {
    const notes = fieldNotes(YAML);
    expect(notes.get('standards.dibao')).toBe('示例值');
    expect(notes.get('standards.minimumWage')).toBe('文件：最低工资');
    expect(notes.get('dibao.supplements')).toBe('示例值');
    expect(notes.has('dibao.supplements[0]')).toBe(false);
  });

  it('has none for JSON or broken text', () => {
    expect(fieldNotes('{"id": "x"}').size).toBe(0);
    expect(fieldNotes('a: [').size).toBe(0);
  });
});

describe('sectionLeaves', () => {
  it('flattens sections to leaves, lists whole, header fields left out', () => {
    const leaves = sectionLeaves(parse(YAML) as object);
    expect([...leaves.keys()]).toEqual([
      'standards.dibao.urban',
      'standards.dibao.rural',
      'standards.minimumWage',
      'dibao.supplements',
    ]);
  });
});

describe('withVersion', () => {
  it('sets the version of YAML text and keeps the comments and quoting', () => {
    const out = withVersion(YAML, 4);
    expect(out).toContain('version: 4 # 第一版');
    expect(out).toContain('region: "3704"');
    expect(out).toContain('dibao: { urban: 980, rural: 800 } # 示例值');
    expect(out).toContain('# 头部说明');
    expect(parse(out).version).toBe(4);
  });

  it('leaves the text untouched when the version is already right', () => {
    expect(withVersion(YAML, 1)).toBe(YAML);
  });

  it('adds a missing version after the id', () => {
    const out = withVersion('id: demo\nname: 示例\n', 2);
    expect(out).toBe('id: demo\nversion: 2\nname: 示例\n');
  });

  it('keeps JSON as JSON', () => {
    const out = withVersion('{"id":"demo","version":1,"name":"示例"}', 3);
    expect(JSON.parse(out)).toEqual({ id: 'demo', version: 3, name: '示例' });
  });
});
