"""Views of the hubs app, one module per area: public pages, the community
manager workspace, spreadsheet imports."""
