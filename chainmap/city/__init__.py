"""The city table: regionalisation, balancing, city data, market size and life-cycle stages."""
