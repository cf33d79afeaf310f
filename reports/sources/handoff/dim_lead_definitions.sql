-- One thin query per model: pages filter and format; figures are computed in the model.
select * from handoff.dim_lead_definitions
