import { shellLayout } from '../../shell';

// The app's shell without its footer.
export { metadata, viewport } from '@/app/layout';
export default shellLayout({ session: true, header: true, footer: false });
