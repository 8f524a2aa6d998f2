// `node --import <this file> …conformance/dist/index.js`: on Node 20, gives the runner the fs.globSync it imports.
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') register('./hooks.mjs', import.meta.url);
