import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, isBinary } from '../../src/workspace/decode.js';
import { detectLanguage, languageFromPath, languageFromShebang } from '../../src/workspace/languages.js';
import { SECRET_GLOBS, isSecretPath } from '../../src/workspace/secrets.js';

describe('decodeText', () => {
  it('reads UTF-8 and drops its BOM', () => {
    expect(decodeText(Buffer.from('\uFEFFcafé', 'utf8'))).toBe('café');
  });

  it('reads invalid UTF-8 as windows-1252 instead of U+FFFD', () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80]);
    expect(detectEncoding(latin1)).toBe('windows-1252');
    expect(decodeText(latin1)).toBe('café €');
  });

  it('reads UTF-16 with a BOM, little and big endian', () => {
    expect(decodeText(Buffer.from('\uFEFFhé', 'utf16le'))).toBe('hé');
    expect(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0xe9]))).toBe('hé');
  });
});

describe('isBinary', () => {
  it('is true for a NUL byte in the first 8 KB only', () => {
    expect(isBinary(Buffer.from('ab\0c'))).toBe(true);
    expect(isBinary(Buffer.from('plain text'))).toBe(false);
    expect(isBinary(Buffer.concat([Buffer.alloc(8192, 0x61), Buffer.from([0])]))).toBe(false);
    expect(isBinary(Buffer.from('\uFEFFtext', 'utf16le'))).toBe(false);
  });
});

describe('languages', () => {
  it.each([
    ['a.ts', 'typescript'],
    ['a.tsx', 'typescriptreact'],
    ['a.mjs', 'javascript'],
    ['a.py', 'python'],
    ['a.go', 'go'],
    ['a.rs', 'rust'],
    ['A.java', 'java'],
    ['a.h', 'c'],
    ['a.hpp', 'cpp'],
    ['a.cc', 'cpp'],
    ['a.cs', 'csharp'],
    ['a.rb', 'ruby'],
    ['a.php', 'php'],
    ['README.MD', 'markdown'],
    ['a.yml', 'yaml'],
    ['x/Makefile', 'makefile'],
    ['Dockerfile', 'dockerfile'],
    ['.gitignore', 'ignore'],
  ])('%s → %s', (path, language) => {
    expect(languageFromPath(path)).toBe(language);
  });

  it('knows no language for names that are properties of every object', () => {
    for (const path of ['src/constructor', 'lib/toString', 'a.constructor', 'x/__proto__']) expect(languageFromPath(path)).toBeUndefined();
    expect(languageFromShebang('#!/usr/bin/env constructor')).toBeUndefined();
  });

  it('reads shebang lines', () => {
    expect(languageFromShebang('#!/usr/bin/env python3')).toBe('python');
    expect(languageFromShebang('#!/usr/bin/env -S node --no-warnings')).toBe('javascript');
    expect(languageFromShebang('#!/bin/bash -e')).toBe('shellscript');
    expect(languageFromShebang('#! /usr/bin/ruby2.7')).toBe('ruby');
    expect(languageFromShebang('no shebang')).toBeUndefined();
  });

  it('falls back to text, and says binary for binary files', () => {
    expect(detectLanguage('notes', { binary: false, firstLine: 'hello' })).toBe('text');
    expect(detectLanguage('notes.txt', { binary: false, firstLine: '' })).toBe('text');
    expect(detectLanguage('a.ts', { binary: true, firstLine: '' })).toBe('binary');
  });
});

describe('isSecretPath', () => {
  it.each([
    '.env',
    '.env.local',
    'config/.env.production',
    'id_rsa',
    'keys/id_ed25519.pub',
    'server.pem',
    'a/b/tls.KEY',
    '.npmrc',
    '.aws/credentials',
    'home/.ssh/config',
    'credentials.json',
    '.git-credentials',
    'vault.kdbx',
    'release.keystore',
    '.htpasswd',
    '_netrc',
    '.gnupg/pubring.kbx',
  ])('%s is secret', (path) => {
    expect(isSecretPath(path)).toBe(true);
  });

  it.each(['src/credentials.ts', 'environment.ts', 'src/env/index.ts', 'docs/ssh.md', 'keyboard.ts', 'aws/config.ts', 'npmrc.md'])(
    '%s is not secret',
    (path) => {
      expect(isSecretPath(path)).toBe(false);
    },
  );

  it('covers every required rule', () => {
    for (const rule of [
      '.env',
      '.env.*',
      '*.pem',
      '*.key',
      '*.p12',
      '*.pfx',
      'id_rsa*',
      'id_dsa*',
      'id_ecdsa*',
      'id_ed25519*',
      '.npmrc',
      '.pypirc',
      '.netrc',
      '_netrc',
      '*.kdbx',
      '.aws',
      '.ssh',
      '.gnupg',
      'credentials.json',
      '.git-credentials',
      '*.keystore',
      '*.jks',
      '.htpasswd',
    ]) {
      expect(SECRET_GLOBS).toContain(rule);
    }
  });
});
