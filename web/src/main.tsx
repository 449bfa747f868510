import { render } from 'solid-js/web';
import { App } from './shell/App';
import { createQueryClient } from './app/queryClient';
import { startFirstFetches } from './queries/firstFetches';
import { parseHash } from './routes/router';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/images.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const queryClient = createQueryClient();
// Before rendering: the session, engines and the route's list start now, beside the stored inventory's read.
startFirstFetches(queryClient, parseHash(window.location.hash));
render(() => <App queryClient={queryClient} />, root);
