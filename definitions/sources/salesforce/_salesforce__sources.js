// Raw salesforce tables, declared from the raw contract. The schema comes from the
// `salesforce_schema` var so a project can point at wherever its connector syncs.
sources.declareSystem(declare, "salesforce");
