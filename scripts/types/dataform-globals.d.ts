// The global Dataform provides while it compiles the project's includes.
declare var dataform: { projectConfig: { vars?: Record<string, string> } } | undefined;
