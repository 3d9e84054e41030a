// The grant forms are shared with associations' own featured pages, so they live beside grants.ts.
export * from '../directory/featured/forms.ts';
