import { z } from 'zod';

// Our Content-Security-Policy forbids eval. Zod would probe `new Function` once to decide whether
// to compile fast object parsers, and the blocked probe logs a CSP violation; jitless skips it.
// Import this module first in every entry point (page and workers), before any schema is parsed.
z.config({ jitless: true });
