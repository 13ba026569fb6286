// The app's (Tailwind), for the shell variants that load the app's stylesheet.
export { default } from '../../postcss.config.mjs';
