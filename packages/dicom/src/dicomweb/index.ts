export * from './dicomweb-client.ts';
