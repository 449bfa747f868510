import { render } from 'solid-js/web';
import { App } from './shell/App';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/images.css';

// The container list's chunk starts loading now, beside the stored inventory's restore, not after it.
if (/^#\/[^/?]+\/containers(\?|$)/.test(window.location.hash)) void import('./views/containers/ContainerList').catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
render(() => <App />, root);
