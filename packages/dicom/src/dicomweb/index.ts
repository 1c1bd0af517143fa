export * from './dicomweb-client.ts';
export * from './retrieve-to-folder.ts';
