"""The five criteria, their weighting and the roles industries may take."""
