// Raw routing tables, declared from the raw contract. The schema comes from the
// `routing_schema` var so a project can point at wherever its connector syncs.
sources.declareSystem(declare, "routing");
