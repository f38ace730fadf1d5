#!/usr/bin/env -S node --experimental-strip-types
import '../src/cli.ts';
