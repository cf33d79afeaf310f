-- One thin query per model: pages filter and format; figures are computed in the model.
select * from handoff.rpt_sla_open_breaches
