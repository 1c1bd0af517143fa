// Next.js ambient types (what next-env.d.ts gives, without importing generated files under .next).
/// <reference types="next" />
/// <reference types="next/image-types/global" />
