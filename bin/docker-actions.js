#!/usr/bin/env node
// The local runner: the same library code as the actions, driven from a local checkout.
import '../dist/cli/index.js'
