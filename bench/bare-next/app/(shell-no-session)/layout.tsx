import { shellLayout } from '../../shell';

// The app's shell, its header signed out without asking for the session.
export { metadata, viewport } from '@/app/layout';
export default shellLayout({ session: false, header: true, footer: true });
