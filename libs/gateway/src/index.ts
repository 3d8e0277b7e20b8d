export * from './content-security-policy.js';
export * from './web-gateway.js';
