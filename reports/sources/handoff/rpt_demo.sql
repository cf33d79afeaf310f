select * from handoff.rpt_demo
