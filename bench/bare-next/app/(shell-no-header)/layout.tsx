import { shellLayout } from '../../shell';

// The app's shell without its header (nor the session read the header needs).
export { metadata, viewport } from '@/app/layout';
export default shellLayout({ session: false, header: false, footer: true });
