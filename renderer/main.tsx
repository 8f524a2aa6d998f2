import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { NoToken } from './app/no-token';
import { chooseBridge } from './bridge/choose-bridge';
import './styles/tokens.css';
import './styles/app.css';

const bridge = chooseBridge();
createRoot(document.getElementById('root')!).render(<StrictMode>{bridge ? <App bridge={bridge} /> : <NoToken />}</StrictMode>);
