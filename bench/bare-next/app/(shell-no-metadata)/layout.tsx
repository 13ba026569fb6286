import '@/app/globals.css';
import { shellLayout } from '../../shell';

// The app's shell without the root layout's metadata and viewport (title template, description, theme colours).
export default shellLayout({ session: true, header: true, footer: true });
