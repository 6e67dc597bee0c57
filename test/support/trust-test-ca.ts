import { readFileSync } from 'node:fs';
import tls from 'node:tls';

/**
 * Vitest setup file: trusts the test CA (test/fixtures/tls) in this worker, on top of the system
 * CAs, so the real SDKs can talk HTTPS to the loopback fakes. Production code is untouched.
 */
const testCa = readFileSync(new URL('../fixtures/tls/ca.pem', import.meta.url), 'utf8');
tls.setDefaultCACertificates([...tls.getCACertificates('default'), testCa]);
