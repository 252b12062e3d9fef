import { runExporter } from './run';

/** The service (`npm start -w exporter`, the container): reads the CRM at DATABASE_URL, loads no demo code. */
runExporter();
